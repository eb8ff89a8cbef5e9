// Partner Center's webhook registration API (docs/webhooks.md), on the partner's token.
import type { Delivery, DeliveryStatus } from '../domain/webhook/delivery.js'
import type { WebhookRegistration } from '../domain/webhook/registration.js'
import type { WebhookEventName } from '../domain/webhook/webhook-events.js'
import type { HttpClient } from './client.js'

export type { Delivery as WebhookDelivery, DeliveryStatus, WebhookEventName, WebhookRegistration }

export interface WebhookRegistrationRequest {
  readonly WebhookUrl: string
  readonly WebhookEvents: readonly WebhookEventName[]
  readonly signatureTokenToMsSignatureHeader?: boolean
}

export interface DeliveryListOptions {
  readonly status?: DeliveryStatus
  readonly top?: number
}

const registrationPath = '/webhooks/v1/registration'

export class WebhooksApi {
  constructor(private readonly http: HttpClient) {}

  /** The tenant's registration; ApiError 404 when there is none. */
  async get(): Promise<WebhookRegistration> {
    return (await this.http.request<WebhookRegistration>('GET', registrationPath)).body
  }

  /** Creates it; ApiError 409 when the tenant has one (use `update`). */
  async create(registration: WebhookRegistrationRequest): Promise<WebhookRegistration> {
    return (await this.http.request<WebhookRegistration>('POST', registrationPath, { body: registration }))
      .body
  }

  async update(registration: WebhookRegistrationRequest): Promise<WebhookRegistration> {
    return (await this.http.request<WebhookRegistration>('PUT', registrationPath, { body: registration }))
      .body
  }

  async delete(): Promise<void> {
    await this.http.request<undefined>('DELETE', registrationPath)
  }

  async events(): Promise<WebhookEventName[]> {
    return (await this.http.request<WebhookEventName[]>('GET', `${registrationPath}/events`)).body
  }

  /** Sends a test-created event (2 a minute); the correlation id to ask `validationEvent` about. */
  async sendValidationEvent(): Promise<string> {
    const path = `${registrationPath}/validationEvents`
    return (await this.http.request<{ correlationId: string }>('POST', path)).body.correlationId
  }

  async validationEvent(correlationId: string): Promise<Delivery> {
    const path = `${registrationPath}/validationEvents/${encodeURIComponent(correlationId)}`
    return (await this.http.request<Delivery>('GET', path)).body
  }

  /** The tenant's own delivery log, newest first. */
  async deliveries(options: DeliveryListOptions = {}): Promise<Delivery[]> {
    const query = { status: options.status, $top: options.top }
    return (await this.http.request<Delivery[]>('GET', `${registrationPath}/deliveries`, { query })).body
  }
}
