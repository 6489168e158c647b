import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { ThrottlerModule } from '@nestjs/throttler';
import { APP_CONFIG, AccessTokenGuard, AppConfig } from '@project/platform';
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
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        throttlers: [{ name: 'login', ttl: 60_000, limit: config.loginThrottlePerMinute }],
        // Per address and account: one noisy client cannot lock out everybody else.
        getTracker: (request: Record<string, any>) => `${request.ip}:${String(request.body?.email ?? '').toLowerCase()}`,
      }),
    }),
  ],
  controllers: [AuthController, UsersController],
  providers: [AuthService, UsersRepository, LocalStrategy, JwtStrategy, { provide: APP_GUARD, useClass: AccessTokenGuard }],
  exports: [AuthService],
})
export class AuthModule {}
