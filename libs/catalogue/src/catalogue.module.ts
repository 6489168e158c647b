import { Module } from '@nestjs/common';
import { CatalogueController } from './catalogue.controller';
import { CatalogueRepository } from './catalogue.repository';
import { CatalogueService } from './catalogue.service';
import { EquivalencesController } from './equivalences.controller';
import { EquivalencesRepository } from './equivalences.repository';
import { EquivalencesService } from './equivalences.service';

@Module({
  controllers: [CatalogueController, EquivalencesController],
  providers: [CatalogueRepository, CatalogueService, EquivalencesRepository, EquivalencesService],
  exports: [CatalogueRepository, CatalogueService],
})
export class CatalogueModule {}
