-- A manager's (or an admin's) lead page, newest first, across the projects they belong to:
-- the projects come from a subquery (the page is one statement), so the per-project index
-- (project_id, created_at, id) cannot give the order, and the page read every lead of the
-- projects and sorted them — 690 ms for one page of a 1,000,000-lead project. Walking the
-- newest leads of all projects and keeping those of the caller's projects stops after a
-- page; the planner still takes the per-project index and a sort where the caller's projects
-- hold few of the leads.
CREATE INDEX leads_created_idx ON leads (created_at, id) WHERE deleted_at IS NULL;
