import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

export class LearnerIdParamDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id: string;
}
