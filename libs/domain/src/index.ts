export * from './domain-error';
export * from './vocabulary';
export * from './block-proposal';
export * from './capitalisation';
export * from './eligibility';
export * from './jury-composition';
export * from './registration-window';
export * from './decision-departure';
export * from './block-status';
export * from './calendar-day';
export * from './prior-acquisition';
export * from './weigh-decision';
export * from './organisation-identifiers';
export * from './habilitation';
<<<<<<< HEAD
export * from './holder-identity';
=======
export * from './cpf-declaration';
>>>>>>> main
