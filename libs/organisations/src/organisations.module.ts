import { Module } from '@nestjs/common';
import { NetworkRepository } from './network.repository';
import { NetworkService } from './network.service';
import { CertifiersController, HabilitationsController, InvitationsController, OrganisationsController } from './organisations.controller';
import { OrganisationsRepository } from './organisations.repository';
import { OrganisationsService } from './organisations.service';

/** Organisations, their invited first admins, certifier links and habilitations (certifier networks). */
@Module({
  controllers: [OrganisationsController, InvitationsController, CertifiersController, HabilitationsController],
  providers: [OrganisationsRepository, OrganisationsService, NetworkRepository, NetworkService],
})
export class OrganisationsModule {}
