export const TEST_ADMIN = { email: 'admin@centre-test.fr', password: 'admin-password-123' } as const;
export const TEST_PASSWORD = 'a-good-password-42';
