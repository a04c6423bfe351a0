CREATE TABLE "api_key_usage" (
	"key_id" uuid PRIMARY KEY NOT NULL,
	"request_count" bigint DEFAULT 0 NOT NULL,
	"last_used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "credential_usage" (
	"credential_id" uuid PRIMARY KEY NOT NULL,
	"success_count" bigint DEFAULT 0 NOT NULL,
	"fail_count" bigint DEFAULT 0 NOT NULL,
	"credits_used" numeric(20, 6) DEFAULT 0 NOT NULL,
	"last_used_at" timestamp with time zone
);
--> statement-breakpoint
-- The counters so far move to the worker's tables; the old columns stay (frozen) until a later migration drops them.
INSERT INTO "api_key_usage" ("key_id", "request_count", "last_used_at")
SELECT "id", "request_count", "last_used_at" FROM "api_keys"
WHERE "request_count" > 0 OR "last_used_at" IS NOT NULL;--> statement-breakpoint
INSERT INTO "credential_usage" ("credential_id", "success_count", "fail_count", "credits_used", "last_used_at")
SELECT "id", "success_count", "fail_count", "credits_used", "last_used_at" FROM "credentials"
WHERE "success_count" > 0 OR "fail_count" > 0 OR "credits_used" <> 0 OR "last_used_at" IS NOT NULL;
