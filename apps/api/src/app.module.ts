import { DynamicModule, Module } from '@nestjs/common';
import { AccrochageModule } from '@project/accrochage';
import { AuditModule } from '@project/audit';
import { AuthModule } from '@project/auth';
import { CatalogueModule } from '@project/catalogue';
import { CredentialsModule } from '@project/credentials';
import { EvaluationsModule } from '@project/evaluations';
import { JuriesModule } from '@project/juries';
import { LearnersModule } from '@project/learners';
import { OrganisationsModule } from '@project/organisations';
import { AppConfig, ConfigModule, DatabaseModule } from '@project/platform';
import { ProgressModule } from '@project/progress';
import { RncpImportModule } from '@project/rncp-import';
import { HealthController } from './health.controller';

/** Composition root: wires feature modules; no logic lives here. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forConfig(config),
        DatabaseModule.forUrl(databaseUrl),
        AuthModule,
        OrganisationsModule,
        CatalogueModule,
        RncpImportModule,
        EvaluationsModule,
        LearnersModule,
        AuditModule,
        JuriesModule,
        CredentialsModule,
        ProgressModule,
        AccrochageModule,
      ],
      controllers: [HealthController],
    };
  }
}
