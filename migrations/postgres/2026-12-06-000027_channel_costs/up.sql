-- What a project spent on a channel in a month (渠道费用): a source channel (online
-- platforms, events, …) or a channel partner (an agency, an agent, a referral programme).
-- The funnel divides it into cost per lead and per deal, and the ROI.
CREATE TABLE channel_costs (
    project_id      UUID NOT NULL REFERENCES projects (id),
    -- The first day of the month.
    month           DATE NOT NULL,
    -- 'source:<source_channel>' or 'partner:<channel id>': what the cost is for.
    spent_on        TEXT NOT NULL,
    source_channel  TEXT,
    channel_id      UUID REFERENCES channels (id),
    amount_fen      BIGINT NOT NULL CHECK (amount_fen >= 0),
    version         INTEGER NOT NULL,
    updated_by      UUID NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    PRIMARY KEY (project_id, month, spent_on),
    CHECK ((source_channel IS NULL) <> (channel_id IS NULL))
);
