// `team/any(t: t/email eq '…')` is how a Referral User's list is narrowed to their referrals (and a
// common filter of its own); answered from the documents it walks every referral's team (1 s at
// 100,000 referrals, 13 s at 1,000,000). This table lists each team member's email, lower-cased,
// next to the referral's id; triggers keep it in step with every insert, update and delete of a
// referral, in the same transaction, whoever writes (the API, bulk loads, resets, restores). The
// rows are exactly those the query compiler's walk would match: object elements of a `team` that
// is an array, with an email that is not null, lower-cased by the same lower().
const members = (row: string, from = '') => `
  SELECT lower(json_extract(member.value, '$.email')), ${row}.id
  FROM ${from}json_each(CASE json_type(${row}.doc, '$.team') WHEN 'array' THEN json_extract(${row}.doc, '$.team') ELSE '[]' END) AS member
  WHERE member.type = 'object' AND json_extract(member.value, '$.email') IS NOT NULL`

export const sql = `
CREATE TABLE referral_team_emails (
  email TEXT NOT NULL,
  referral_id TEXT NOT NULL,
  PRIMARY KEY (email, referral_id)
) WITHOUT ROWID;
CREATE INDEX referral_team_emails_by_referral ON referral_team_emails (referral_id);

CREATE TRIGGER referrals_team_emails_insert AFTER INSERT ON referrals BEGIN
  INSERT OR IGNORE INTO referral_team_emails (email, referral_id) ${members('NEW')};
END;
CREATE TRIGGER referrals_team_emails_update AFTER UPDATE OF doc, id ON referrals BEGIN
  DELETE FROM referral_team_emails WHERE referral_id = OLD.id;
  INSERT OR IGNORE INTO referral_team_emails (email, referral_id) ${members('NEW')};
END;
CREATE TRIGGER referrals_team_emails_delete AFTER DELETE ON referrals BEGIN
  DELETE FROM referral_team_emails WHERE referral_id = OLD.id;
END;

INSERT OR IGNORE INTO referral_team_emails (email, referral_id) ${members('referrals', 'referrals, ')};

-- the snapshot tables do not change: snapshots of version 5 restore as they are (and fill this one)
UPDATE snapshots SET schema_version = 6 WHERE schema_version = 5;
`
