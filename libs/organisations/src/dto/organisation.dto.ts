import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsString, IsTimeZone, Matches, MaxLength, MinLength, ValidateBy } from 'class-validator';
import { ORGANISATION_KINDS, OrganisationKind, siretProblem, uaiProblem } from '@project/domain';
import { NormaliseEmail, Omittable, Trim } from '@project/platform';
import { InvitationRow, OrganisationRow } from '../rows';

/** A check from libs/domain as a validation rule: the message says what is wrong. */
function Checked(name: string, problem: (value: string) => string | undefined): PropertyDecorator {
  let why: string | undefined;
  return ValidateBy({
    name,
    validator: {
      validate: (value: unknown) => typeof value === 'string' && (why = problem(value)) === undefined,
      defaultMessage: (args) => `${args?.property} ${typeof args?.value === 'string' ? why : 'must be a string'}`,
    },
  });
}

export class CreateOrganisationDto {
  @ApiProperty({ example: 'Centre de formation Sud', maxLength: 200 })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiProperty({ enum: ORGANISATION_KINDS })
  @IsIn(ORGANISATION_KINDS)
  kind: OrganisationKind;

  @ApiProperty({
    example: '73282932000074',
    description: "14 digits, Luhn check digit (La Poste's establishments: digits sum to a multiple of 5)",
  })
  @Checked('siret', siretProblem)
  siret: string;

  @ApiPropertyOptional({ example: '0750655E', description: 'UAI: 7 digits and the check letter' })
  @Omittable()
  @Checked('uai', uaiProblem)
  uai?: string;

  @ApiPropertyOptional({
    example: 'Europe/Paris',
    default: 'Europe/Paris',
    description: "IANA time zone: a jury's day (decisions, closing) is a calendar day there",
  })
  @Omittable()
  @IsTimeZone()
  timeZone?: string;

  @ApiProperty({ example: 'direction@centre-sud.fr', description: 'The first admin, invited to set a password' })
  @NormaliseEmail()
  @IsEmail()
  @MaxLength(254)
  adminEmail: string;

  @ApiProperty({ example: 'Claire Dubois', maxLength: 200 })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  adminDisplayName: string;
}

export class CreateInvitationDto {
  @ApiProperty({ example: 'direction@centre-sud.fr' })
  @NormaliseEmail()
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'Claire Dubois', maxLength: 200 })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  displayName: string;
}

export class AcceptInvitationDto {
  @ApiProperty({ description: 'The token of the invitation, as issued once' })
  @IsString()
  @MinLength(20)
  @MaxLength(200)
  token: string;

  @ApiProperty({
    minLength: 12,
    maxLength: 200,
    description: 'At least 12 characters, not only whitespace, not too easy to guess (knowing the email and name)',
  })
  @IsString()
  @MinLength(12)
  @MaxLength(200)
  @Matches(/\S/, { message: 'password must not be only whitespace' })
  password: string;
}

export class OrganisationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ORGANISATION_KINDS }) kind: OrganisationKind;
  @ApiProperty({ nullable: true, type: String, description: 'null only for the operator organisation created at start-up' })
  siret: string | null;
  @ApiProperty({ nullable: true, type: String }) uai: string | null;
  @ApiProperty({ example: 'Europe/Paris' }) timeZone: string;
  @ApiProperty({ description: "The operator's organisation: its admins manage organisations and the catalogue" }) operator: boolean;
  @ApiProperty() active: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) deactivatedAt: string | null;
}

export class OrganisationPageDto {
  @ApiProperty({ type: [OrganisationDto] }) items: OrganisationDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class InvitationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) organisationId: string;
  @ApiProperty() email: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
  @ApiProperty({
    description: 'Shown once, never stored (only its hash): hand it to the invited person, who sets a password with it',
  })
  token: string;
}

export class CreatedOrganisationDto {
  @ApiProperty({ type: OrganisationDto }) organisation: OrganisationDto;
  @ApiProperty({ type: InvitationDto }) invitation: InvitationDto;
}

export class AcceptedInvitationDto {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty({ format: 'uuid' }) organisationId: string;
  @ApiProperty() email: string;
}

export function mapOrganisation(row: OrganisationRow): OrganisationDto {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    siret: row.siret,
    uai: row.uai,
    timeZone: row.timeZone,
    operator: row.operator,
    active: row.deactivatedAt === null,
    createdAt: row.createdAt.toISOString(),
    deactivatedAt: row.deactivatedAt?.toISOString() ?? null,
  };
}

export function mapInvitation(row: InvitationRow, token: string): InvitationDto {
  return {
    id: row.id,
    organisationId: row.organisationId,
    email: row.email,
    displayName: row.displayName,
    expiresAt: row.expiresAt.toISOString(),
    token,
  };
}
