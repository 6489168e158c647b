import { ApiProperty } from '@nestjs/swagger';

export class VerificationChecksDto {
  @ApiProperty({ description: 'The Data Integrity proof (eddsa-rdfc-2022) verifies with the issuer key' }) signature: boolean;
  @ApiProperty({ description: 'The issuer is an organisation of this platform and the proof names its key' }) issuerKnown: boolean;
  @ApiProperty({ description: 'Its bit in the issuer’s signed Bitstring Status List is not set' }) notRevoked: boolean;
  @ApiProperty({ description: 'It is, to the character, the credential this platform issued under that id' }) notAltered: boolean;
}

export class VerifiedCredentialSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'RNCP41296-2025-000123' }) reference: string;
  @ApiProperty() name: string;
  @ApiProperty() issuerName: string;
  @ApiProperty({ format: 'date' }) awardedOn: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) revokedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) revocationReason: string | null;
}

export class VerificationResultDto {
  @ApiProperty({ description: 'True only when every check passed' }) verified: boolean;
  @ApiProperty({ type: VerificationChecksDto }) checks: VerificationChecksDto;
  @ApiProperty({ type: [String], description: 'Why a check failed, in the verifier’s words' }) errors: string[];
  @ApiProperty({ type: VerifiedCredentialSummaryDto, nullable: true, description: 'The credential issued under that id, if any' })
  credential: VerifiedCredentialSummaryDto | null;
}
