// A tenant's webhook registration: Partner Center's Create (POST), Get, Update (PUT), and Delete,
// which cosell adds. A second Create is refused 409 (the documented "state conflict" status): the
// request is well formed, the tenant already has one, and Update is the way to change it.
import { CosellError, invalidRequest } from '../../domain/errors.js'
import { isAdmin } from '../../domain/organization/organization.js'
import { formatServerDateTime } from '../../domain/referral/date-time.js'
import {
  readRegistration,
  type RegistrationInput,
  type WebhookRegistration,
} from '../../domain/webhook/registration.js'
import type { RegistrationWrite, StoredRegistration } from '../../store/referral-store.js'
import type { Caller } from '../deps.js'
import type { WebhookDeps } from './webhook-deps.js'

export async function getRegistration(deps: WebhookDeps, caller: Caller): Promise<WebhookRegistration> {
  const stored = await deps.store.webhooks.registration(caller.organization.id)
  if (!stored) throw missing(caller)
  return registrationView(stored)
}

export async function createRegistration(
  deps: WebhookDeps,
  caller: Caller,
  body: unknown,
): Promise<WebhookRegistration> {
  const write = writeOf(deps, caller, readValid(deps, caller, body))
  if ((await deps.store.webhooks.createRegistration(write)) === 'exists') {
    throw new CosellError(
      'resourceModified',
      'This tenant already has a webhook registration: change it with PUT /webhooks/v1/registration, or DELETE it first.',
      'registration',
    )
  }
  return getRegistration(deps, caller)
}

export async function updateRegistration(
  deps: WebhookDeps,
  caller: Caller,
  body: unknown,
): Promise<WebhookRegistration> {
  const write = writeOf(deps, caller, readValid(deps, caller, body))
  if ((await deps.store.webhooks.updateRegistration(write)) === 'missing') throw missing(caller)
  return getRegistration(deps, caller)
}

export async function deleteRegistration(deps: WebhookDeps, caller: Caller): Promise<void> {
  mayManage(caller)
  const reason = 'The webhook registration was deleted before this event was delivered.'
  if (!(await deps.store.webhooks.deleteRegistration(caller.organization.id, reason))) throw missing(caller)
}

/** The answer's shape: Partner Center's PascalCase, with its two camelCase keys. */
export function registrationView(stored: StoredRegistration): WebhookRegistration {
  return {
    SubscriberId: stored.subscriberId,
    WebhookUrl: stored.webhookUrl,
    WebhookEvents: [...stored.webhookEvents],
    signatureTokenToMsSignatureHeader: stored.msSignatureHeader,
    lastModifiedTimestamp: stored.lastModified,
  }
}

function readValid(deps: WebhookDeps, caller: Caller, body: unknown): RegistrationInput {
  mayManage(caller)
  const { input, problems } = readRegistration(body)
  if (input) problems.push(...deps.receivers.problems(new URL(input.WebhookUrl)))
  if (!input || problems.length > 0) throw invalidRequest(problems)
  return input
}

function writeOf(deps: WebhookDeps, caller: Caller, input: RegistrationInput): RegistrationWrite {
  return {
    subscriberId: caller.organization.id,
    webhookUrl: input.WebhookUrl,
    webhookEvents: input.WebhookEvents,
    msSignatureHeader: input.signatureTokenToMsSignatureHeader,
    lastModified: formatServerDateTime(deps.clock.now()),
  }
}

/** Registering where a tenant's referral events go is an administrator's act, as in Partner Center. */
function mayManage(caller: Caller): void {
  if (!isAdmin(caller.role))
    throw new CosellError(
      'accessDenied',
      'Only a Referral Admin or Global Admin can change the webhook registration.',
      'registration',
    )
}

function missing(caller: Caller): CosellError {
  return new CosellError(
    'itemNotFound',
    `Tenant ${caller.organization.id} has no webhook registration: create one with POST /webhooks/v1/registration.`,
    'registration',
  )
}
