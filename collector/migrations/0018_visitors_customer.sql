-- The person is the unit (store/subject.ts): a customer's members are the visitors whose
-- customer_id is theirs, read by scores, segments and erasure through this index.
CREATE INDEX visitors_customer ON visitors(site, customer_id) WHERE customer_id IS NOT NULL;
