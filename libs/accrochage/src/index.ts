export * from './accrochage.module';
export * from './cpf-declarations.service';
export * from './cpf-declarations.repository';
export * from './declaration-file';
export * from './rows';
export { AwardDeclarationDto } from './dto/declaration.dto';
export * from './xml/xsd-validator';
