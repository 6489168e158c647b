import { Module } from '@nestjs/common';
import { CpfDeclarationsController } from './cpf-declarations.controller';
import { CpfDeclarationsRepository } from './cpf-declarations.repository';
import { CpfDeclarationsService } from './cpf-declarations.service';

/** Declaring certified holders to the CPF information system (accrochage): owns the cpf_* tables. */
@Module({
  controllers: [CpfDeclarationsController],
  providers: [CpfDeclarationsRepository, CpfDeclarationsService],
  exports: [CpfDeclarationsService],
})
export class AccrochageModule {}
