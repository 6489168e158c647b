import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { APP_CONFIG, AccessTokenGuard, AppConfig, ThrottleModule } from '@project/platform';
import { AccessRevisions } from './access-revisions';
import { AuthController, UsersController } from './auth.controller';
import { AuthService } from './auth.service';
import { JwtStrategy, LocalStrategy } from './strategies';
import { UsersRepository } from './users.repository';

@Module({
  imports: [
    PassportModule,
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ secret: config.jwtSecret, signOptions: { algorithm: 'HS256' } }),
    }),
    ThrottleModule,
  ],
  controllers: [AuthController, UsersController],
  providers: [
    AuthService,
    AccessRevisions,
    UsersRepository,
    LocalStrategy,
    JwtStrategy,
    { provide: APP_GUARD, useClass: AccessTokenGuard },
  ],
  exports: [AuthService],
})
export class AuthModule {}
