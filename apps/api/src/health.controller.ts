import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DatabaseUnavailableException, Public } from '@project/platform';
import { DataSource } from 'typeorm';

/**
 * Liveness says the process answers (restart it if not); readiness says it can serve requests, i.e. the
 * database answers (send it no traffic while not). `/api/health` is readiness, kept for existing probes.
 */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Readiness (same as /api/health/ready)' })
  @ApiOkResponse({ schema: { example: { status: 'ok', database: 'up' } } })
  @ApiServiceUnavailableResponse({ description: 'The database does not answer (with Retry-After)' })
  check(): Promise<{ status: 'ok'; database: 'up' }> {
    return this.ready();
  }

  @Get('live')
  @Public()
  @ApiOperation({ summary: 'Liveness: the process answers; does not touch the database' })
  @ApiOkResponse({ schema: { example: { status: 'ok' } } })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @Public()
  @ApiOperation({ summary: 'Readiness: the database answers' })
  @ApiOkResponse({ schema: { example: { status: 'ok', database: 'up' } } })
  @ApiServiceUnavailableResponse({ description: 'The database does not answer (with Retry-After)' })
  async ready(): Promise<{ status: 'ok'; database: 'up' }> {
    try {
      await this.dataSource.query('SELECT 1');
    } catch {
      // The same 503 problem, with Retry-After, as any request meeting the database away.
      throw new DatabaseUnavailableException();
    }
    return { status: 'ok', database: 'up' };
  }
}
