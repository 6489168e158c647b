import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { Omittable, PageQueryDto } from '@project/platform';
import { AuditEventRow } from '@project/platform';

export class ListAuditQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'learner', description: 'learner, cohort, enrolment, evaluation_result, user, certification…' })
  @Omittable()
  @Matches(/^[a-z_]{1,50}$/, { message: 'entityType must be lower-case letters and underscores' })
  entityType?: string;

  @ApiPropertyOptional({ description: "The entity's id (a UUID, or a code for certifications)" })
  @Omittable()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  entityId?: string;
}

export class AuditEventDto {
  @ApiProperty({ description: 'Increasing with time; a string because it is a 64-bit integer' }) id: string;
  @ApiProperty({ format: 'date-time' }) occurredAt: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'Null for system actions' }) actorUserId: string | null;
  @ApiProperty({ example: 'learner.updated' }) action: string;
  @ApiProperty({ example: 'learner' }) entityType: string;
  @ApiProperty() entityId: string;
  @ApiProperty({ nullable: true, type: Object, description: 'The entity before the change' }) before: unknown;
  @ApiProperty({ nullable: true, type: Object, description: 'The entity after the change' }) after: unknown;
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
}

export class AuditPageDto {
  @ApiProperty({ type: [AuditEventDto] }) items: AuditEventDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export function mapAuditEvent(row: AuditEventRow): AuditEventDto {
  return {
    id: row.id,
    occurredAt: new Date(row.occurredAt).toISOString(),
    actorUserId: row.actorUserId,
    action: row.action,
    entityType: row.entityType,
    entityId: row.entityId,
    before: row.before,
    after: row.after,
    reason: row.reason,
  };
}
