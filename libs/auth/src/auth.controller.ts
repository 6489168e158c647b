import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Req, UseGuards } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Auth, AuthContext, Authenticated, PageQueryDto, Public, DEFAULT_PAGE_SIZE, uuidParam } from '@project/platform';
import { AuthService } from './auth.service';
import { CreateUserDto, LoginDto, RefreshDto, SetPasswordDto, TokensDto, UpdateUserDto, UserDto, UserPageDto } from './dto/auth.dto';
import { LoginBodyGuard } from './strategies';
import { UserRow } from './users.repository';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @UseGuards(LoginBodyGuard, AuthGuard('local'))
  @ApiBody({ type: LoginDto })
  @ApiOkResponse({ type: TokensDto })
  @ApiBadRequestResponse({ description: 'email or password missing or not a string; organisationId not a UUID' })
  @ApiUnauthorizedResponse({ description: 'Invalid email or password' })
  @ApiConflictResponse({ description: 'This email and password open accounts in several organisations: give organisationId' })
  @ApiTooManyRequestsResponse({
    description: 'Too many failed login attempts from this address, or for this account (Retry-After says when)',
  })
  login(@Req() request: { user: UserRow }): Promise<TokensDto> {
    return this.auth.issueTokens(request.user);
  }

  @Post('refresh')
  @Public()
  @HttpCode(200)
  @ApiOkResponse({ type: TokensDto, description: 'New tokens; the refresh token presented is spent' })
  @ApiUnauthorizedResponse({ description: 'Invalid, expired or reused refresh token' })
  refresh(@Body() dto: RefreshDto): Promise<TokensDto> {
    return this.auth.refresh(dto.refreshToken);
  }

  @Post('logout')
  @Public()
  @HttpCode(204)
  @ApiNoContentResponse({
    description:
      'Signs out: the refresh token presented, and every token rotated from the same login, can no longer be refreshed. ' +
      'Answers 204 whether or not the token was still valid (the access token lapses on its own within its lifetime)',
  })
  @ApiBadRequestResponse({ description: 'refreshToken missing or not a string of 20 to 200 characters' })
  logout(@Body() dto: RefreshDto): Promise<void> {
    return this.auth.logout(dto.refreshToken);
  }

  @Get('me')
  @Authenticated()
  @ApiOkResponse({
    type: UserDto,
    description: 'A deactivated account answers 401 here at once; everywhere within TOKEN_REVOCATION_DELAY_SECONDS',
  })
  me(@Auth() auth: AuthContext): Promise<UserDto> {
    return this.auth.me(auth);
  }
}

@ApiTags('users')
@Controller('users')
export class UsersController {
  constructor(private readonly auth: AuthService) {}

  @Post()
  @Authenticated({ roles: ['admin'] })
  @ApiCreatedResponse({ type: UserDto })
  @ApiConflictResponse({ description: 'Email already used in your organisation, or the learner record already has an account' })
  @ApiUnprocessableEntityResponse({
    description: 'learnerId without the learner role (or the reverse), or not a learner of your organisation',
  })
  create(@Auth() auth: AuthContext, @Body() dto: CreateUserDto): Promise<UserDto> {
    return this.auth.createUser(auth, dto);
  }

  @Get()
  @Authenticated({ roles: ['admin'] })
  @ApiOkResponse({ type: UserPageDto })
  list(@Auth() auth: AuthContext, @Query() query: PageQueryDto): Promise<UserPageDto> {
    return this.auth.listUsers(auth, query.limit ?? DEFAULT_PAGE_SIZE, query.cursor);
  }

  @Get(':id')
  @Authenticated({ roles: ['admin'] })
  @ApiOkResponse({ type: UserDto })
  @ApiNotFoundResponse({ description: 'No such user in your organisation' })
  get(@Auth() auth: AuthContext, @Param('id', uuidParam('id')) id: string): Promise<UserDto> {
    return this.auth.getUser(auth, id);
  }

  @Patch(':id')
  @Authenticated({ roles: ['admin'] })
  @ApiOkResponse({ type: UserDto })
  @ApiNotFoundResponse({ description: 'No such user in your organisation' })
  @ApiConflictResponse({ description: 'The learner record already has an account' })
  @ApiUnprocessableEntityResponse({
    description: 'Deactivating or demoting yourself or the last active admin; learnerId without the learner role or unknown',
  })
  update(@Auth() auth: AuthContext, @Param('id', uuidParam('id')) id: string, @Body() dto: UpdateUserDto): Promise<UserDto> {
    return this.auth.updateUser(auth, id, dto);
  }

  @Post(':id/password')
  @Authenticated()
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Password changed; every refresh and access token of the user is revoked' })
  @ApiBadRequestResponse({ description: 'password too short, only whitespace or too easy to guess; currentPassword missing for your own' })
  @ApiTooManyRequestsResponse({ description: 'Too many wrong current passwords for this account (Retry-After says when)' })
  @ApiNotFoundResponse({ description: 'No such user in your organisation' })
  setPassword(@Auth() auth: AuthContext, @Param('id', uuidParam('id')) id: string, @Body() dto: SetPasswordDto): Promise<void> {
    return this.auth.setPassword(auth, id, dto);
  }
}
