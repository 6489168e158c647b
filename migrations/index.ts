// Every migration, in order. TypeORM runs those not yet recorded in the `migrations` table.
import { InitialSchema1763900000000 } from './1763900000000-InitialSchema';
import { JuryDecisionCorrections1795453310151 } from './1795453310151-JuryDecisionCorrections';
import { EvaluationLockedByJury1795453327358 } from './1795453327358-EvaluationLockedByJury';
import { JuryDecisionOncePerLearner1795455692253 } from './1795455692253-JuryDecisionOncePerLearner';
import { CatalogueManagers1795455989602 } from './1795455989602-CatalogueManagers';
import { UserAccountRules1795456225746 } from './1795456225746-UserAccountRules';
import { PriorAcquisitionEvidence1796081144470 } from './1796081144470-PriorAcquisitionEvidence';
import { SharedInstanceState1796081263870 } from './1796081263870-SharedInstanceState';
import { IssuedCredentials1796083124528 } from './1796083124528-IssuedCredentials';
import { CredentialIssuerKeys1796083124529 } from './1796083124529-CredentialIssuerKeys';
import { CredentialHolderPreferences1796083124530 } from './1796083124530-CredentialHolderPreferences';
import { SharedPredicates1796090000000 } from './1796090000000-SharedPredicates';
import { CertifierNetworks1796100000013 } from './1796100000013-CertifierNetworks';
import { CpfDeclarations1796100000020 } from './1796100000020-CpfDeclarations';
import { PriorAcquisitionCredentials1796100000400 } from './1796100000400-PriorAcquisitionCredentials';
import { JuryDay1796200000001 } from './1796200000001-JuryDay';

export const migrations = [
  InitialSchema1763900000000,
  JuryDecisionCorrections1795453310151,
  EvaluationLockedByJury1795453327358,
  JuryDecisionOncePerLearner1795455692253,
  CatalogueManagers1795455989602,
  UserAccountRules1795456225746,
  PriorAcquisitionEvidence1796081144470,
  SharedInstanceState1796081263870,
  IssuedCredentials1796083124528,
  CredentialIssuerKeys1796083124529,
  CredentialHolderPreferences1796083124530,
  SharedPredicates1796090000000,
  CertifierNetworks1796100000013,
  CpfDeclarations1796100000020,
  PriorAcquisitionCredentials1796100000400,
  JuryDay1796200000001,
];
