import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
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

  @Get('credentials/:id/attestation.pdf')
  @Authenticated()
  @ApiProduces('application/pdf')
  @ApiOkResponse({
    description:
      'A block credential: the attestation de validation de bloc de compétences; a certification credential: the certificate. A4, French, with the reference and a QR code of the verification page',
  })
  @ApiNotFoundResponse({ description: 'Unknown credential, or one of a learner the caller may not see' })
  async attestation(
    @Auth() auth: AuthContext,
    @Param('id', uuidParam('id')) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const { reference, pdf } = await this.credentials.pdf(auth, id);
    void reply.header('content-type', 'application/pdf').header('content-disposition', `inline; filename="${reference}.pdf"`);
    return pdf;
  }
}
