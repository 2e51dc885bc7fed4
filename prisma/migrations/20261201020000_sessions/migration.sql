-- Server-side records of browser sessions: sign-out and an admin's "end sessions" end them.
CREATE TABLE "person_sessions" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "ended_at" TIMESTAMPTZ(3),
    "ended_by" TEXT,

    CONSTRAINT "person_sessions_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "person_sessions_user_id_idx" ON "person_sessions"("user_id");

ALTER TABLE "person_sessions" ADD CONSTRAINT "person_sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
