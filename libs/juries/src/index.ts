export * from './juries.module';
export * from './dto/jury-session.dto';
export * from './dto/jury-decision.dto';
export * from './dto/proposals.dto';
export * from './dto/acquisition.dto';
export * from './dto/follow-up.dto';
export * from './minutes';
