import { Controller, Get, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Auth, AuthContext, Authenticated, uuidParam } from '@project/platform';
import { IssuedCredentialDto } from './dto/credential.dto';
import { CredentialsService } from './credentials.service';

@ApiTags('credentials')
@Controller()
export class CredentialsController {
  constructor(private readonly credentials: CredentialsService) {}

  @Get('me/credentials')
  @Authenticated({ roles: ['learner'] })
  @ApiOkResponse({ type: [IssuedCredentialDto], description: 'The caller’s own credentials, revoked ones included' })
  mine(@Auth() auth: AuthContext): Promise<IssuedCredentialDto[]> {
    return this.credentials.mine(auth);
  }

  @Get('learners/:id/credentials')
  @Authenticated()
  @ApiOkResponse({ type: [IssuedCredentialDto] })
  @ApiNotFoundResponse({ description: 'Unknown learner, or one the caller may not see' })
  forLearner(@Auth() auth: AuthContext, @Param('id', uuidParam('id')) id: string): Promise<IssuedCredentialDto[]> {
    return this.credentials.forLearner(auth, id);
  }
}
