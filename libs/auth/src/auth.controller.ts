import { Body, Controller, Get, HttpCode, Post, Query, Req, UseGuards } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { ApiBadRequestResponse, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Throttle, ThrottlerGuard } from '@nestjs/throttler';
import { Auth, AuthContext, Authenticated, PageQueryDto, Public, DEFAULT_PAGE_SIZE } from '@project/platform';
import { AuthService } from './auth.service';
import { CreateUserDto, LoginDto, RefreshDto, TokensDto, UserDto, UserPageDto } from './dto/auth.dto';
import { LoginBodyGuard } from './strategies';
import { UserRow } from './users.repository';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @UseGuards(ThrottlerGuard, LoginBodyGuard, AuthGuard('local'))
  @Throttle({ login: {} })
  @ApiBody({ type: LoginDto })
  @ApiOkResponse({ type: TokensDto })
  @ApiBadRequestResponse({ description: 'email or password missing or not a string' })
  @ApiUnauthorizedResponse({ description: 'Invalid email or password' })
  @ApiTooManyRequestsResponse({ description: 'Too many login attempts' })
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

  @Get('me')
  @Authenticated()
  @ApiOkResponse({ type: UserDto })
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
  create(@Auth() auth: AuthContext, @Body() dto: CreateUserDto): Promise<UserDto> {
    return this.auth.createUser(auth, dto);
  }

  @Get()
  @Authenticated({ roles: ['admin'] })
  @ApiOkResponse({ type: UserPageDto })
  list(@Auth() auth: AuthContext, @Query() query: PageQueryDto): Promise<UserPageDto> {
    return this.auth.listUsers(auth, query.limit ?? DEFAULT_PAGE_SIZE, query.cursor);
  }
}
