// `cosell webhooks …`: the partner's webhook registration (register, show, delete, test) and the
// delivery log with redelivery through the admin API.
import type { Command } from 'commander'
import { AdminApi } from '../client/admin.js'
import { ApiError } from '../client/errors.js'
import {
  WebhooksApi,
  type DeliveryStatus,
  type WebhookDelivery,
  type WebhookEventName,
  type WebhookRegistration,
} from '../client/webhooks.js'
import {
  adminClient,
  connectionOf,
  partnerClient,
  withConnection,
  type ConnectionFlags,
} from './connection.js'
import { run } from './format.js'
import { withExamples } from './help.js'
import {
  formatOf,
  printItem,
  printList,
  printRecord,
  withOutput,
  type OutputFlags,
  type View,
} from './output.js'

interface RegisterFlags extends ConnectionFlags, OutputFlags {
  readonly events: string
  readonly msSignatureHeader?: boolean
}

interface DeliveriesFlags extends ConnectionFlags, OutputFlags {
  readonly status?: DeliveryStatus
  readonly allTenants?: boolean
  readonly top?: string
}

type Flags = ConnectionFlags & OutputFlags

const registrationView: View<WebhookRegistration> = {
  columns: [
    { header: 'WebhookUrl', value: (r) => r.WebhookUrl },
    { header: 'WebhookEvents', value: (r) => r.WebhookEvents },
    { header: 'signatureTokenToMsSignatureHeader', value: (r) => r.signatureTokenToMsSignatureHeader },
  ],
  line: (r) =>
    `${r.WebhookUrl}  ${r.WebhookEvents.join(',')}  signature in ${r.signatureTokenToMsSignatureHeader ? 'x-ms-signature' : 'Authorization'}`,
}

const deliveryView: View<WebhookDelivery> = {
  columns: [
    { header: 'id', value: (d) => d.id },
    { header: 'event', value: (d) => d.eventName },
    { header: 'referral', value: (d) => d.referralId },
    { header: 'status', value: (d) => d.status },
    { header: 'attempts', value: (d) => d.attempts },
    { header: 'last', value: (d) => d.lastStatusCode ?? d.lastError },
    { header: 'next attempt', value: (d) => d.nextAttemptAt },
  ],
}

export function addWebhookCommands(program: Command): void {
  const group = program
    .command('webhooks')
    .alias('webhook')
    .description("webhook registration (Partner Center's /webhooks/v1/registration) and deliveries")
  const partner = (flags: ConnectionFlags) => new WebhooksApi(partnerClient(flags))
  const command = (name: string) => withOutput(withConnection(group.command(name)))
  withExamples(
    group,
    'cosell webhooks register https://crm.example/hooks/referrals',
    'cosell webhooks deliveries',
  )

  withExamples(
    command('register <url>'),
    'cosell webhooks register https://crm.example/hooks/referrals',
    'cosell webhooks register https://crm.example/hooks/referrals --events referral-created --ms-signature-header',
  )
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
        printItem(created, registrationView, flags)
      }),
    )

  withExamples(command('show'), 'cosell webhooks show', 'cosell webhooks show --output json')
    .description('the tenant’s registration')
    .action((flags: Flags) => run(async () => printItem(await partner(flags).get(), registrationView, flags)))

  withExamples(withConnection(group.command('delete')), 'cosell webhooks delete')
    .description('delete the tenant’s registration (pending deliveries become dead)')
    .action((flags: ConnectionFlags) =>
      run(async () => {
        await partner(flags).delete()
        console.log('deleted the webhook registration')
      }),
    )

  withExamples(command('test'), 'cosell webhooks test', 'CORRELATION_ID=$(cosell webhooks test)')
    .description('send a test-created event to the registered URL (2 a minute); prints its correlation id')
    .action((flags: Flags) =>
      run(async () => {
        const correlationId = await partner(flags).sendValidationEvent()
        if (formatOf(flags) === 'table') return console.log(correlationId)
        printRecord({ correlationId }, flags)
      }),
    )

  withExamples(
    command('deliveries'),
    'cosell webhooks deliveries --status dead',
    'cosell webhooks deliveries --all-tenants --top 10 --output csv',
  )
    .description('the delivery log of the tenant, newest first (admin API)')
    .option('--status <status>', 'pending, delivered or dead')
    .option('--all-tenants', "every tenant's deliveries")
    .option('--top <n>', 'at most this many', '50')
    .action((flags: DeliveriesFlags) =>
      run(async () => {
        const deliveries = await new AdminApi(adminClient(flags)).webhookDeliveries({
          ...(flags.status ? { status: flags.status } : {}),
          ...(flags.allTenants ? {} : { tenant: connectionOf(flags).tenant }),
          top: Number(flags.top),
        })
        printList(deliveries, deliveryView, flags)
      }),
    )

  withExamples(command('redeliver <id>'), 'cosell webhooks redeliver "$CORRELATION_ID"')
    .description('send a delivered or dead delivery again (admin API)')
    .action((id: string, flags: Flags) =>
      run(async () =>
        printItem(await new AdminApi(adminClient(flags)).redeliverWebhook(id), deliveryView, flags),
      ),
    )
}
