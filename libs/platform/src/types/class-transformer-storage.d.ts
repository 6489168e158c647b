// class-transformer ships the metadata storage (where @Type records nested DTO classes) without typing its CommonJS path.
declare module 'class-transformer/cjs/storage' {
  export { defaultMetadataStorage } from 'class-transformer/types/storage';
}
