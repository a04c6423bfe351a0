CREATE TABLE "usage_daily_by_dimension" (
	"bucket" timestamp with time zone NOT NULL,
	"dimension" text NOT NULL,
	"value" text NOT NULL,
	"requests" integer DEFAULT 0 NOT NULL,
	"errors" integer DEFAULT 0 NOT NULL,
	"errors_by_class" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"input_tokens" bigint DEFAULT 0 NOT NULL,
	"output_tokens" bigint DEFAULT 0 NOT NULL,
	"credits" numeric(20, 6) DEFAULT 0 NOT NULL,
	"duration_ms_sum" bigint DEFAULT 0 NOT NULL,
	"duration_ms_p50" real,
	"duration_ms_p95" real,
	"duration_ms_p99" real,
	"ttft_ms_sum" bigint DEFAULT 0 NOT NULL,
	"ttft_count" integer DEFAULT 0 NOT NULL,
	"ttft_ms_p50" real,
	"ttft_ms_p95" real,
	"ttft_ms_p99" real,
	CONSTRAINT "usage_daily_by_dimension_pkey" PRIMARY KEY("bucket","dimension","value"),
	CONSTRAINT "usage_daily_by_dimension_dimension_check" CHECK ("usage_daily_by_dimension"."dimension" in ('all', 'model', 'user', 'key', 'credential'))
);
--> statement-breakpoint
CREATE TABLE "usage_hourly_by_dimension" (
	"bucket" timestamp with time zone NOT NULL,
	"dimension" text NOT NULL,
	"value" text NOT NULL,
	"requests" integer DEFAULT 0 NOT NULL,
	"errors" integer DEFAULT 0 NOT NULL,
	"errors_by_class" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"input_tokens" bigint DEFAULT 0 NOT NULL,
	"output_tokens" bigint DEFAULT 0 NOT NULL,
	"credits" numeric(20, 6) DEFAULT 0 NOT NULL,
	"duration_ms_sum" bigint DEFAULT 0 NOT NULL,
	"duration_ms_p50" real,
	"duration_ms_p95" real,
	"duration_ms_p99" real,
	"ttft_ms_sum" bigint DEFAULT 0 NOT NULL,
	"ttft_count" integer DEFAULT 0 NOT NULL,
	"ttft_ms_p50" real,
	"ttft_ms_p95" real,
	"ttft_ms_p99" real,
	CONSTRAINT "usage_hourly_by_dimension_pkey" PRIMARY KEY("bucket","dimension","value"),
	CONSTRAINT "usage_hourly_by_dimension_dimension_check" CHECK ("usage_hourly_by_dimension"."dimension" in ('all', 'model', 'user', 'key', 'credential'))
);
--> statement-breakpoint
ALTER TABLE "usage_daily" ADD COLUMN "duration_ms_p99" real;--> statement-breakpoint
ALTER TABLE "usage_daily" ADD COLUMN "ttft_ms_p99" real;--> statement-breakpoint
ALTER TABLE "usage_hourly" ADD COLUMN "duration_ms_p99" real;--> statement-breakpoint
ALTER TABLE "usage_hourly" ADD COLUMN "ttft_ms_p99" real;--> statement-breakpoint
CREATE INDEX "usage_daily_by_dimension_value_idx" ON "usage_daily_by_dimension" USING btree ("dimension","value","bucket");--> statement-breakpoint
CREATE INDEX "usage_hourly_by_dimension_value_idx" ON "usage_hourly_by_dimension" USING btree ("dimension","value","bucket");