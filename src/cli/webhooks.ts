// `cosell webhooks …`: the partner's webhook registration (register, show, delete, test) and the
// delivery log with redelivery through the admin API.
import type { Command } from 'commander'
import { AdminApi } from '../client/admin.js'
import { ApiError } from '../client/errors.js'
import { WebhooksApi, type DeliveryStatus, type WebhookEventName } from '../client/webhooks.js'
import { adminClient, partnerClient, withConnection, type ConnectionFlags } from './connection.js'
import { printJson, printTable, run } from './format.js'

interface RegisterFlags extends ConnectionFlags {
  readonly events: string
  readonly msSignatureHeader?: boolean
}

interface DeliveriesFlags extends ConnectionFlags {
  readonly status?: DeliveryStatus
  readonly allTenants?: boolean
  readonly top?: string
  readonly json?: boolean
}

export function addWebhookCommands(program: Command): void {
  const group = program
    .command('webhooks')
    .alias('webhook')
    .description("webhook registration (Partner Center's /webhooks/v1/registration) and deliveries")
  const partner = (flags: ConnectionFlags) => new WebhooksApi(partnerClient(flags))

  withConnection(group.command('register <url>'))
    .description('create or replace the tenant’s registration')
    .option('--events <names>', 'comma-separated event names', 'referral-created,referral-updated')
    .option('--ms-signature-header', 'sign in x-ms-signature instead of Authorization: Signature')
    .action((url: string, flags: RegisterFlags) =>
      run(async () => {
        const api = partner(flags)
        const registration = {
          WebhookUrl: url,
          WebhookEvents: flags.events.split(',').map((e) => e.trim()) as WebhookEventName[],
          signatureTokenToMsSignatureHeader: flags.msSignatureHeader === true,
        }
        const created = await api.create(registration).catch((error: unknown) => {
          if (error instanceof ApiError && error.status === 409) return api.update(registration)
          throw error
        })
        printJson(created)
      }),
    )

  withConnection(group.command('show'))
    .description('the tenant’s registration')
    .action((flags: ConnectionFlags) => run(async () => printJson(await partner(flags).get())))

  withConnection(group.command('delete'))
    .description('delete the tenant’s registration (pending deliveries become dead)')
    .action((flags: ConnectionFlags) => run(() => partner(flags).delete()))

  withConnection(group.command('test'))
    .description('send a test-created event to the registered URL (2 a minute); prints its correlation id')
    .action((flags: ConnectionFlags) =>
      run(async () => printJson({ correlationId: await partner(flags).sendValidationEvent() })),
    )

  withConnection(group.command('deliveries'))
    .description('the delivery log of the tenant, newest first (admin API)')
    .option('--status <status>', 'pending, delivered or dead')
    .option('--all-tenants', "every tenant's deliveries")
    .option('--top <n>', 'at most this many', '50')
    .option('--json', 'print JSON')
    .action((flags: DeliveriesFlags) =>
      run(async () => {
        const deliveries = await new AdminApi(adminClient(flags)).webhookDeliveries({
          ...(flags.status ? { status: flags.status } : {}),
          ...(flags.allTenants || flags.tenant === undefined ? {} : { tenant: flags.tenant }),
          top: Number(flags.top),
        })
        if (flags.json) return printJson(deliveries)
        printTable(
          ['id', 'event', 'referral', 'status', 'attempts', 'last', 'next attempt'],
          deliveries.map((d) => [
            d.id,
            d.eventName,
            d.referralId ?? '',
            d.status,
            d.attempts,
            d.lastStatusCode ?? d.lastError ?? '',
            d.nextAttemptAt ?? '',
          ]),
        )
      }),
    )

  withConnection(group.command('redeliver <id>'))
    .description('send a delivered or dead delivery again (admin API)')
    .action((id: string, flags: ConnectionFlags) =>
      run(async () => printJson(await new AdminApi(adminClient(flags)).redeliverWebhook(id))),
    )
}
