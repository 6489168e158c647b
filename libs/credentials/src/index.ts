export * from './credentials.module';
export * from './credentials.service';
export * from './dto/credential.dto';
export * from './signing/signing-queue.service';
export * from './attestations.service';
