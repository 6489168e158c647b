import { CanActivate, ExecutionContext, Injectable, UseGuards, applyDecorators } from '@nestjs/common';
import { ApiForbiddenResponse } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainError, DomainErrorCode } from '@project/domain';
import { DataSource } from 'typeorm';
import { AuthContext } from './auth-context';
import { Authenticated } from './authenticated.decorator';

/**
 * The certification catalogue is shared by every organisation; a tenant's admin must not rewrite it for all
 * the others. Only admins of the operator's organisation (organisation.manages_catalogue) change it.
 */
@Injectable()
export class CatalogueManagerGuard implements CanActivate {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const auth = context.switchToHttp().getRequest().user as AuthContext;
    const rows: { manages_catalogue: boolean }[] = await this.dataSource.query(`SELECT manages_catalogue FROM organisation WHERE id = $1`, [
      auth.organisationId,
    ]);
    if (!rows[0]?.manages_catalogue) {
      throw new DomainError(
        DomainErrorCode.Forbidden,
        "The certification catalogue is shared by every organisation: only the operator organisation's admins change it",
      );
    }
    return true;
  }
}

/** An admin route that changes the shared catalogue (certifications, blocks, equivalences). */
export function ManagesCatalogue() {
  return applyDecorators(
    Authenticated({ roles: ['admin'] }),
    UseGuards(CatalogueManagerGuard),
    ApiForbiddenResponse({ description: 'Not an admin, or not an admin of the organisation that manages the shared catalogue' }),
  );
}
