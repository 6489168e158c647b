import { Module } from '@nestjs/common';
import { ThrottleModule } from '@project/platform';
import { BlockAttestations } from './attestations.service';
import { CredentialsController } from './credentials.controller';
import { CredentialsRepository } from './credentials.repository';
import { CredentialIssuer, CredentialsService } from './credentials.service';
import { IssuerKeys } from './signing/issuer-keys.service';
import { SigningQueue } from './signing/signing-queue.service';
import { CredentialVerifier } from './verification.service';

/** Issued credentials (attestations, certificates, signed Open Badges): owns issued_credential and its counters. */
@Module({
  imports: [ThrottleModule],
  controllers: [CredentialsController],
  providers: [CredentialsRepository, IssuerKeys, SigningQueue, CredentialIssuer, CredentialsService, CredentialVerifier, BlockAttestations],
  exports: [CredentialIssuer, SigningQueue, BlockAttestations],
})
export class CredentialsModule {}
