-- A CRM table in the layout the default mapping of `cosell sync init` expects (PostgreSQL).
-- The connector adds its change-tracking trigger when it first opens the table.
CREATE TABLE "opportunities" (
  "id"                     text PRIMARY KEY DEFAULT gen_random_uuid()::text,
  "name"                   text NOT NULL,
  "account_name"           text,
  "account_address"        text,
  "account_city"           text,
  "account_country"        text,
  "contact_first_name"     text,
  "contact_last_name"      text,
  "contact_email"          text,
  "contact_phone"          text,
  "amount"                 numeric(18, 2),
  "currency"               text,
  "close_date"             date,
  "stage"                  text,
  "status_reason"          text,
  "notes"                  text,
  "referral_id"            text,
  "sync_to_partner_center" boolean NOT NULL DEFAULT false,
  "modified_at"            timestamptz NOT NULL DEFAULT now(),
  "row_version"            bigint
);
CREATE INDEX "opportunities_referral_id_idx" ON "opportunities" ("referral_id");
