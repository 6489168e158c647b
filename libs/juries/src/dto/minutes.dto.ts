import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { JURY_MEMBER_ROLES } from '@project/domain';

export class SignMinutesDto {
  @ApiProperty({
    example: '3f7a9c0d52e1b84f6a0c9e2d71b5f3a8c4e6d9027b1f8a5c3e0d6b9a7f2c4e81',
    description: "SHA-256 (hex) of the current version's closed minutes PDF, as downloaded from /minutes/versions/{version}",
  })
  @Matches(/^[0-9a-fA-F]{64}$/, { message: 'sha256 must be 64 hexadecimal digits' })
  sha256: string;
}

export class MinutesSignatureDto {
  @ApiProperty({ format: 'uuid' }) memberId: string;
  @ApiProperty() fullName: string;
  @ApiProperty({ enum: JURY_MEMBER_ROLES }) role: string;
  @ApiProperty() president: boolean;
  @ApiProperty({ format: 'date-time' }) signedAt: string;
  @ApiProperty({ description: 'SHA-256 of the version signed' }) sha256: string;
}

export class MinutesSignerDto {
  @ApiProperty() fullName: string;
  @ApiProperty({ enum: JURY_MEMBER_ROLES }) role: string;
  @ApiProperty({
    description:
      'Whether the member is linked to a user account: one without signs once an admin links it (POST …/members/{memberId}/account)',
  })
  hasAccount: boolean;
}

export class MinutesVersionDto {
  @ApiProperty() version: number;
  @ApiProperty() sha256: string;
  @ApiProperty({ nullable: true, type: String, description: 'Why the version was added (a correction by a later session)' })
  reason: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) signedAt: string | null;
}

/** Where the signing of a closed session's minutes stands (its current version). */
export class MinutesSigningStatusDto {
  @ApiProperty({ description: 'The current version' }) version: number;
  @ApiProperty({ description: "SHA-256 of the current version's PDF" }) sha256: string;
  @ApiProperty({ type: [MinutesSignatureDto] }) signatures: MinutesSignatureDto[];
  @ApiProperty({ description: 'Every expected signer signed the current version' }) signed: boolean;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) signedAt: string | null;
  @ApiProperty({ type: [MinutesSignerDto], description: 'Present members, or the president alone, as the session says' })
  expectedSigners: MinutesSignerDto[];
  @ApiProperty({ type: [MinutesVersionDto] }) versions: MinutesVersionDto[];
}
