import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsDateString, IsIn, IsInt, Matches } from 'class-validator';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export class RecordFollowUpDto {
  @ApiProperty({ example: 'RNCP41296' })
  @Matches(/^RNCP\d+$/, { message: 'certificationCode must look like RNCP41296' })
  certificationCode: string;
  @ApiProperty({ format: 'date' })
  @IsDateString({ strict: true }, { message: 'observedOn must be a real date' })
  @Matches(DAY, { message: 'observedOn must be formatted YYYY-MM-DD' })
  observedOn: string;
  @ApiProperty({ enum: [6, 24] }) @IsInt() @IsIn([6, 24]) monthsAfterAward: 6 | 24;
  @ApiProperty() @IsBoolean() employed: boolean;
  @ApiProperty({ description: 'Employed in the job the certification targets (implies employed)' }) @IsBoolean() inTargetJob: boolean;
}

export class FollowUpDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) learnerId: string;
  @ApiProperty() certificationCode: string;
  @ApiProperty({ format: 'date' }) observedOn: string;
  @ApiProperty() monthsAfterAward: number;
  @ApiProperty() employed: boolean;
  @ApiProperty() inTargetJob: boolean;
}

export function mapFollowUp(row: FollowUpDto): FollowUpDto {
  return {
    id: row.id,
    learnerId: row.learnerId,
    certificationCode: row.certificationCode,
    observedOn: row.observedOn,
    monthsAfterAward: row.monthsAfterAward,
    employed: row.employed,
    inTargetJob: row.inTargetJob,
  };
}

export class StatisticsYearDto {
  @ApiProperty() year: number;
  @ApiProperty() certifiedCount: number;
  @ApiProperty() certifiedByVaeCount: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Percent of 6-month follow-ups in employment; null without follow-ups' })
  insertionRate6Months: number | null;
  @ApiProperty({ nullable: true, type: Number }) insertionRateInTargetJob6Months: number | null;
  @ApiProperty({ nullable: true, type: Number }) insertionRate2Years: number | null;
}

export function mapStatisticsYear(row: StatisticsYearDto): StatisticsYearDto {
  return {
    year: row.year,
    certifiedCount: row.certifiedCount,
    certifiedByVaeCount: row.certifiedByVaeCount,
    insertionRate6Months: row.insertionRate6Months,
    insertionRateInTargetJob6Months: row.insertionRateInTargetJob6Months,
    insertionRate2Years: row.insertionRate2Years,
  };
}

/** Per training centre, the awards the caller's own juries decided: a certifier's breakdown of its network. */
export class CentreStatisticsDto {
  @ApiProperty({ format: 'uuid' }) trainingCentreId: string;
  @ApiProperty() trainingCentreName: string;
  @ApiProperty({ type: [StatisticsYearDto], description: 'Newest year first' }) years: StatisticsYearDto[];
}

export class CertificationStatisticsDto {
  @ApiProperty() certificationCode: string;
  @ApiProperty({
    type: [StatisticsYearDto],
    description: "Newest year first, as the sheets publish them: the organisation's learners and, for a certifier, its whole network",
  })
  years: StatisticsYearDto[];
}
