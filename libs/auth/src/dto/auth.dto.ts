import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateBy,
  ValidateIf,
} from 'class-validator';
import { ROLES, Role } from '@project/domain';
import { Omittable, Trim, passwordWeakness } from '@project/platform';
import { UserRow } from '../users.repository';

export class LoginDto {
  @ApiProperty({ example: 'admin@example.org' })
  @IsEmail()
  email: string;

  @ApiProperty()
  @IsString()
  @MaxLength(200)
  password: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Only needed when this email and password open accounts in several organisations (409 otherwise)',
  })
  @Omittable()
  @IsUUID()
  organisationId?: string;
}

export class RefreshDto {
  @ApiProperty({ description: 'The refresh token returned by login or the previous refresh' })
  @IsString()
  @MinLength(20)
  @MaxLength(200)
  refreshToken: string;
}

const PASSWORD_RULES =
  'At least 12 characters, not only whitespace, and not too easy to guess (zxcvbn strength at least 3 of 4, knowing the email and name)';

/**
 * min 12 characters, not only whitespace (twelve spaces are no secret), and not too easy to guess by a
 * strength estimator that knows the account's email and name when the body carries them.
 */
function IsNewPassword(): PropertyDecorator {
  return (target: object, property: string | symbol) => {
    IsString()(target, property);
    MinLength(12)(target, property);
    MaxLength(200)(target, property);
    Matches(/\S/, { message: `${String(property)} must not be only whitespace` })(target, property);
    let weakness: string | undefined;
    ValidateBy({
      name: 'strongPassword',
      validator: {
        validate: (value: unknown, args) => {
          // Other rules already refuse these.
          if (typeof value !== 'string' || value.length < 12 || value.length > 200 || !/\S/.test(value)) return true;
          const { email, displayName } = (args?.object ?? {}) as { email?: unknown; displayName?: unknown };
          weakness = passwordWeakness(
            value,
            [email, displayName].filter((input): input is string => typeof input === 'string'),
          );
          return weakness === undefined;
        },
        defaultMessage: () => `${String(property)} ${weakness ?? 'is too easy to guess'}`,
      },
    })(target, property);
  };
}

/** A learner account holds the learner role alone: with another role it could record its own results. */
function LearnerRoleAlone(): PropertyDecorator {
  return ValidateBy({
    name: 'learnerRoleAlone',
    validator: {
      validate: (value: unknown) => !Array.isArray(value) || !value.includes('learner') || value.length === 1,
      defaultMessage: () => 'a learner account holds only the learner role',
    },
  });
}

export class CreateUserDto {
  @ApiProperty({ example: 'trainer@example.org' })
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({ minLength: 12, maxLength: 200, description: PASSWORD_RULES })
  @IsNewPassword()
  password: string;

  @ApiProperty({ example: 'Camille Martin' })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  displayName: string;

  @ApiProperty({ enum: ROLES, isArray: true, description: 'A learner account holds the learner role alone' })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(ROLES.length)
  @ArrayUnique()
  @IsIn(ROLES, { each: true })
  @LearnerRoleAlone()
  roles: Role[];

  @ApiPropertyOptional({ format: 'uuid', description: 'For a learner account: the learner record it may see (one account per learner)' })
  @Omittable()
  @IsUUID()
  learnerId?: string;
}

/** Partial update: absent fields stay; learnerId may be cleared with null, the others may not. */
export class UpdateUserDto {
  @ApiPropertyOptional({ example: 'Camille Martin' })
  @ValidateIf((dto: UpdateUserDto) => dto.displayName !== undefined)
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  displayName?: string;

  @ApiPropertyOptional({ enum: ROLES, isArray: true, description: 'A learner account holds the learner role alone' })
  @ValidateIf((dto: UpdateUserDto) => dto.roles !== undefined)
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(ROLES.length)
  @ArrayUnique()
  @IsIn(ROLES, { each: true })
  @LearnerRoleAlone()
  roles?: Role[];

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'The learner record of a learner account; null unlinks it',
  })
  @IsOptional()
  @IsUUID()
  learnerId?: string | null;

  @ApiPropertyOptional({ description: 'false deactivates the account (no login, refresh tokens revoked); true reactivates it' })
  @ValidateIf((dto: UpdateUserDto) => dto.active !== undefined)
  @IsBoolean()
  active?: boolean;
}

export class SetPasswordDto {
  @ApiProperty({ minLength: 12, maxLength: 200, description: PASSWORD_RULES })
  @IsNewPassword()
  password: string;

  @ApiPropertyOptional({ description: 'Required when users change their own password' })
  @Omittable()
  @IsString()
  @MaxLength(200)
  currentPassword?: string;
}

export class UserDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: ROLES, isArray: true }) roles: Role[];
  @ApiProperty({ format: 'uuid' }) organisationId: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) learnerId: string | null;
  @ApiProperty({ description: 'false once an admin deactivated the account' }) active: boolean;
}

export class UserPageDto {
  @ApiProperty({ type: [UserDto] }) items: UserDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class TokensDto {
  @ApiProperty() accessToken: string;
  @ApiProperty({ description: 'Seconds until the access token expires' }) expiresIn: number;
  @ApiProperty({ description: 'Single-use token for POST /api/auth/refresh' }) refreshToken: string;
  @ApiProperty({ type: UserDto }) user: UserDto;
}

export function mapUser(row: UserRow): UserDto {
  return {
    id: row.id,
    email: row.email,
    displayName: row.displayName,
    roles: row.roles,
    organisationId: row.organisationId,
    learnerId: row.learnerId,
    active: row.deactivatedAt === null,
  };
}
