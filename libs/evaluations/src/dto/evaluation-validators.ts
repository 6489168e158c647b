import { ValidationArguments, ValidationOptions, registerDecorator } from 'class-validator';
import { OUTCOMES } from '@project/domain';
import { isCalendarDate, isOutcome, scoreProblem } from '../evaluation-rules';

// null is a value like any other (and refused by IsScore/IsOutcome): the document declares neither nullable.
const absent = (value: unknown) => value === undefined;

/**
 * Exactly one of this property and `other` must be given. Put on both, so that "both" and "neither"
 * name both fields. Runs even when the value is missing (no @IsOptional on these properties).
 */
export function ExactlyOneOf(other: string, options?: ValidationOptions) {
  return (target: object, property: string) =>
    registerDecorator({
      name: 'exactlyOneOf',
      target: target.constructor,
      propertyName: property,
      options,
      validator: {
        validate: (value: unknown, args: ValidationArguments) => absent(value) !== absent((args.object as Record<string, unknown>)[other]),
        defaultMessage: () => `give exactly one of ${property} or ${other}`,
      },
    });
}

/** At most one of this property and `other` (a correction changes the one the modality uses). */
export function NotWith(other: string, options?: ValidationOptions) {
  return (target: object, property: string) =>
    registerDecorator({
      name: 'notWith',
      target: target.constructor,
      propertyName: property,
      options,
      validator: {
        validate: (value: unknown, args: ValidationArguments) => absent(value) || absent((args.object as Record<string, unknown>)[other]),
        defaultMessage: () => `give ${property} or ${other}, not both`,
      },
    });
}

/** A score out of 20 with at most two decimals; a missing score is left to ExactlyOneOf. */
export function IsScore(options?: ValidationOptions) {
  return (target: object, property: string) =>
    registerDecorator({
      name: 'isScore',
      target: target.constructor,
      propertyName: property,
      options,
      validator: {
        validate: (value: unknown) => absent(value) || scoreProblem(value) === undefined,
        defaultMessage: (args?: ValidationArguments) => scoreProblem(args?.value) ?? 'invalid score',
      },
    });
}

/** `passed` or `failed`; a missing outcome is left to ExactlyOneOf. */
export function IsOutcome(options?: ValidationOptions) {
  return (target: object, property: string) =>
    registerDecorator({
      name: 'isOutcome',
      target: target.constructor,
      propertyName: property,
      options,
      validator: {
        validate: (value: unknown) => absent(value) || isOutcome(value),
        defaultMessage: () => `${property} must be one of: ${OUTCOMES.join(', ')}`,
      },
    });
}

/** A real calendar date written YYYY-MM-DD. */
export function IsCalendarDate(options?: ValidationOptions) {
  return (target: object, property: string) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName: property,
      options,
      validator: {
        validate: (value: unknown) => isCalendarDate(value),
        defaultMessage: () => `${property} must be a date written YYYY-MM-DD`,
      },
    });
}
