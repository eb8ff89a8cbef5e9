// Organisations gain their business-profile locations and solution profiles; users gain roles.
export const sql = `
ALTER TABLE organizations ADD COLUMN profile TEXT NOT NULL DEFAULT '{"locations":[],"solutionProfiles":[]}';

CREATE TABLE users (
  organization_id TEXT NOT NULL,
  email TEXT NOT NULL,
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  created_date_time TEXT NOT NULL,
  PRIMARY KEY (organization_id, email)
) WITHOUT ROWID;
`
