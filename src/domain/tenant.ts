/**
 * Tenant used when the channel gives none (Skype, the emulator, local tests). It is no
 * organisation: it has no directory of its own to read.
 */
export const DEFAULT_TENANT_ID = 'default';
