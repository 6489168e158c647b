import { Module } from '@nestjs/common';
import { CatalogueModule } from '@project/catalogue';
import { RncpImportController } from './rncp-import.controller';
import { RncpImportRepository } from './rncp-import.repository';
import { RncpImportService } from './rncp-import.service';

@Module({
  imports: [CatalogueModule],
  controllers: [RncpImportController],
  providers: [RncpImportRepository, RncpImportService],
  exports: [RncpImportService],
})
export class RncpImportModule {}
