import { CanActivate, ExecutionContext, Injectable, UseGuards, applyDecorators } from '@nestjs/common';
import { ApiForbiddenResponse } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainError, DomainErrorCode } from '@project/domain';
import { DataSource } from 'typeorm';
import { AuthContext } from './auth-context';
import { Authenticated } from './authenticated.decorator';

/**
 * The operator's organisation (organisation.manages_catalogue: the first one, created at start-up) runs the platform:
 * its admins — the operator admins — change the shared catalogue and create, list and deactivate organisations.
 * An admin of any other organisation is a tenant's admin and cannot.
 */
async function assertOperatorAdmin(dataSource: DataSource, context: ExecutionContext, refusal: string): Promise<true> {
  const auth = context.switchToHttp().getRequest().user as AuthContext;
  const rows: { manages_catalogue: boolean }[] = await dataSource.query(`SELECT manages_catalogue FROM organisation WHERE id = $1`, [
    auth.organisationId,
  ]);
  if (!rows[0]?.manages_catalogue) throw new DomainError(DomainErrorCode.Forbidden, refusal);
  return true;
}

/**
 * The certification catalogue is shared by every organisation; a tenant's admin must not rewrite it for all
 * the others. Only the operator admins change it.
 */
@Injectable()
export class CatalogueManagerGuard implements CanActivate {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  canActivate(context: ExecutionContext): Promise<boolean> {
    return assertOperatorAdmin(
      this.dataSource,
      context,
      "The certification catalogue is shared by every organisation: only the operator organisation's admins change it",
    );
  }
}

@Injectable()
export class OperatorAdminGuard implements CanActivate {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  canActivate(context: ExecutionContext): Promise<boolean> {
    return assertOperatorAdmin(this.dataSource, context, "Only the operator organisation's admins manage organisations and certifiers");
  }
}

/** A route of the operator admins (organisations, certifier links). */
export function OperatorAdmin() {
  return applyDecorators(
    Authenticated({ roles: ['admin'] }),
    UseGuards(OperatorAdminGuard),
    ApiForbiddenResponse({ description: "Not an admin, or not an admin of the operator's organisation" }),
  );
}

/** An admin route that changes the shared catalogue (certifications, blocks, equivalences). */
export function ManagesCatalogue() {
  return applyDecorators(
    Authenticated({ roles: ['admin'] }),
    UseGuards(CatalogueManagerGuard),
    ApiForbiddenResponse({ description: 'Not an admin, or not an admin of the organisation that manages the shared catalogue' }),
  );
}
