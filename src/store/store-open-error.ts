// Why a store could not open, as one sentence naming the cause and the setting to change: the
// server prints it and stops, without a stack trace.
export class StoreOpenError extends Error {}
