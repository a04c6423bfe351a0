CREATE TABLE "admin_audit_log" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "admin_audit_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"target" text,
	"details" jsonb,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "announcement_status" (
	"user_id" uuid NOT NULL,
	"announcement_id" integer NOT NULL,
	"read_at" timestamp with time zone,
	"dismissed_at" timestamp with time zone,
	CONSTRAINT "announcement_status_pkey" PRIMARY KEY("user_id","announcement_id")
);
--> statement-breakpoint
CREATE TABLE "announcements" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "announcements_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"content" text NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"allow_guest" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"key_hash" text NOT NULL,
	"key_prefix" text NOT NULL,
	"name" text DEFAULT '' NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"request_count" bigint DEFAULT 0 NOT NULL,
	"last_used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "api_keys_key_hash_unique" UNIQUE("key_hash"),
	CONSTRAINT "api_keys_key_hash_check" CHECK ("api_keys"."key_hash" ~ '^[0-9a-f]{64}$')
);
--> statement-breakpoint
CREATE TABLE "ip_blacklist" (
	"ip" "inet" PRIMARY KEY NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"banned_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "oauth_accounts" (
	"provider" text NOT NULL,
	"provider_user_id" text NOT NULL,
	"user_id" uuid NOT NULL,
	"provider_username" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "oauth_accounts_pkey" PRIMARY KEY("provider","provider_user_id"),
	CONSTRAINT "oauth_accounts_provider_check" CHECK ("oauth_accounts"."provider" in ('github', 'linuxdo'))
);
--> statement-breakpoint
CREATE TABLE "settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"username" text NOT NULL,
	"avatar_url" text,
	"trust_level" integer DEFAULT 0 NOT NULL,
	"is_admin" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"banned_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_login_at" timestamp with time zone,
	CONSTRAINT "users_status_check" CHECK ("users"."status" in ('active', 'banned'))
);
--> statement-breakpoint
CREATE TABLE "credential_checks" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "credential_checks_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"credential_id" uuid NOT NULL,
	"checked_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ok" boolean NOT NULL,
	"outcome" text NOT NULL,
	"error_message" text,
	"credits_available" numeric(20, 6),
	"latency_ms" integer
);
--> statement-breakpoint
CREATE TABLE "credentials" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner_user_id" uuid,
	"source" text NOT NULL,
	"auth_kind" text NOT NULL,
	"refresh_token_enc" text NOT NULL,
	"client_id_enc" text,
	"client_secret_enc" text,
	"key_id" text NOT NULL,
	"token_hash" text NOT NULL,
	"client_expires_at" timestamp with time zone,
	"region" text DEFAULT 'us-east-1' NOT NULL,
	"profile_arn" text,
	"visibility" text DEFAULT 'private' NOT NULL,
	"anonymous" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"status_reason" text,
	"status_until" timestamp with time zone,
	"success_count" bigint DEFAULT 0 NOT NULL,
	"fail_count" bigint DEFAULT 0 NOT NULL,
	"credits_used" numeric(20, 6) DEFAULT 0 NOT NULL,
	"credits_limit" numeric(20, 6),
	"credits_available" numeric(20, 6),
	"quota_resets_at" timestamp with time zone,
	"last_used_at" timestamp with time zone,
	"last_check_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "credentials_token_hash_unique" UNIQUE("token_hash"),
	CONSTRAINT "credentials_source_check" CHECK ("credentials"."source" in ('server', 'donated')),
	CONSTRAINT "credentials_auth_kind_check" CHECK ("credentials"."auth_kind" in ('social', 'idc')),
	CONSTRAINT "credentials_visibility_check" CHECK ("credentials"."visibility" in ('public', 'private')),
	CONSTRAINT "credentials_status_check" CHECK ("credentials"."status" in ('active', 'cooldown', 'invalid', 'disabled', 'suspended', 'quota_exhausted')),
	CONSTRAINT "credentials_owner_check" CHECK (("credentials"."source" = 'server') = ("credentials"."owner_user_id" is null)),
	CONSTRAINT "credentials_idc_client_check" CHECK ("credentials"."auth_kind" = 'social' or ("credentials"."client_id_enc" is not null and "credentials"."client_secret_enc" is not null))
);
--> statement-breakpoint
CREATE TABLE "usage_daily" (
	"bucket" timestamp with time zone NOT NULL,
	"model" text NOT NULL,
	"api" text NOT NULL,
	"user_id" text,
	"key_id" text,
	"credential_id" text,
	"requests" integer DEFAULT 0 NOT NULL,
	"errors" integer DEFAULT 0 NOT NULL,
	"input_tokens" bigint DEFAULT 0 NOT NULL,
	"output_tokens" bigint DEFAULT 0 NOT NULL,
	"credits" numeric(20, 6) DEFAULT 0 NOT NULL,
	"duration_ms_sum" bigint DEFAULT 0 NOT NULL,
	"duration_ms_p50" real,
	"duration_ms_p95" real,
	"ttft_ms_sum" bigint DEFAULT 0 NOT NULL,
	"ttft_count" integer DEFAULT 0 NOT NULL,
	"ttft_ms_p50" real,
	"ttft_ms_p95" real,
	CONSTRAINT "usage_daily_bucket_key" UNIQUE NULLS NOT DISTINCT("bucket","model","api","user_id","key_id","credential_id")
);
--> statement-breakpoint
CREATE TABLE "usage_events" (
	"request_id" text PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"caller" text NOT NULL,
	"user_id" text,
	"key_id" text,
	"credential_id" text,
	"model" text NOT NULL,
	"api" text NOT NULL,
	"stream" boolean NOT NULL,
	"status" text NOT NULL,
	"http_status" integer NOT NULL,
	"error_class" text,
	"input_tokens" integer NOT NULL,
	"output_tokens" integer NOT NULL,
	"credits" numeric(20, 6) NOT NULL,
	"ttft_ms" integer,
	"duration_ms" integer NOT NULL,
	"attempts" integer DEFAULT 1 NOT NULL,
	"ip" "inet",
	CONSTRAINT "usage_events_api_check" CHECK ("usage_events"."api" in ('openai', 'anthropic')),
	CONSTRAINT "usage_events_status_check" CHECK ("usage_events"."status" in ('success', 'error', 'aborted'))
);
--> statement-breakpoint
CREATE TABLE "usage_hourly" (
	"bucket" timestamp with time zone NOT NULL,
	"model" text NOT NULL,
	"api" text NOT NULL,
	"user_id" text,
	"key_id" text,
	"credential_id" text,
	"requests" integer DEFAULT 0 NOT NULL,
	"errors" integer DEFAULT 0 NOT NULL,
	"input_tokens" bigint DEFAULT 0 NOT NULL,
	"output_tokens" bigint DEFAULT 0 NOT NULL,
	"credits" numeric(20, 6) DEFAULT 0 NOT NULL,
	"duration_ms_sum" bigint DEFAULT 0 NOT NULL,
	"duration_ms_p50" real,
	"duration_ms_p95" real,
	"ttft_ms_sum" bigint DEFAULT 0 NOT NULL,
	"ttft_count" integer DEFAULT 0 NOT NULL,
	"ttft_ms_p50" real,
	"ttft_ms_p95" real,
	CONSTRAINT "usage_hourly_bucket_key" UNIQUE NULLS NOT DISTINCT("bucket","model","api","user_id","key_id","credential_id")
);
--> statement-breakpoint
ALTER TABLE "announcement_status" ADD CONSTRAINT "announcement_status_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "announcement_status" ADD CONSTRAINT "announcement_status_announcement_id_announcements_id_fk" FOREIGN KEY ("announcement_id") REFERENCES "public"."announcements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "oauth_accounts" ADD CONSTRAINT "oauth_accounts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credential_checks" ADD CONSTRAINT "credential_checks_credential_id_credentials_id_fk" FOREIGN KEY ("credential_id") REFERENCES "public"."credentials"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credentials" ADD CONSTRAINT "credentials_owner_user_id_users_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "admin_audit_log_at_idx" ON "admin_audit_log" USING btree ("at");--> statement-breakpoint
CREATE INDEX "api_keys_user_id_idx" ON "api_keys" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "oauth_accounts_user_id_idx" ON "oauth_accounts" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "users_username_idx" ON "users" USING btree ("username");--> statement-breakpoint
CREATE INDEX "credential_checks_credential_id_checked_at_idx" ON "credential_checks" USING btree ("credential_id","checked_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "credentials_owner_user_id_idx" ON "credentials" USING btree ("owner_user_id");--> statement-breakpoint
CREATE INDEX "credentials_status_visibility_idx" ON "credentials" USING btree ("status","visibility");--> statement-breakpoint
CREATE INDEX "credentials_key_id_idx" ON "credentials" USING btree ("key_id");--> statement-breakpoint
CREATE INDEX "usage_daily_user_id_bucket_idx" ON "usage_daily" USING btree ("user_id","bucket");--> statement-breakpoint
CREATE INDEX "usage_daily_credential_id_bucket_idx" ON "usage_daily" USING btree ("credential_id","bucket");--> statement-breakpoint
CREATE INDEX "usage_events_at_idx" ON "usage_events" USING btree ("at");--> statement-breakpoint
CREATE INDEX "usage_events_user_id_at_idx" ON "usage_events" USING btree ("user_id","at");--> statement-breakpoint
CREATE INDEX "usage_events_key_id_at_idx" ON "usage_events" USING btree ("key_id","at");--> statement-breakpoint
CREATE INDEX "usage_events_credential_id_at_idx" ON "usage_events" USING btree ("credential_id","at");--> statement-breakpoint
CREATE INDEX "usage_hourly_user_id_bucket_idx" ON "usage_hourly" USING btree ("user_id","bucket");--> statement-breakpoint
CREATE INDEX "usage_hourly_credential_id_bucket_idx" ON "usage_hourly" USING btree ("credential_id","bucket");