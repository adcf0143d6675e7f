CREATE TABLE "sign_in_requests" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "sign_in_requests_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"email" text NOT NULL,
	"client" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "sign_in_requests_email_idx" ON "sign_in_requests" USING btree ("email","created_at");--> statement-breakpoint
CREATE INDEX "sign_in_requests_client_idx" ON "sign_in_requests" USING btree ("client","created_at");--> statement-breakpoint
CREATE INDEX "sign_in_requests_created_idx" ON "sign_in_requests" USING btree ("created_at");