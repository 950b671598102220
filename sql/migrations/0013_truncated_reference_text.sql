-- 0013: one published row whose leading industry was cut off in the source we hold.
--
-- Row 9 of sql/data/clusters_public.csv (湄潭县干净茶加工产业集群, the 2023 publicity list) gives its leading industry
-- as "食品(精…)[source excerpt truncated here]": the excerpt ends mid-word and the bracket is the compiler's note,
-- not part of the name. Dashboards showed the note as if it were the industry. The text is kept as far as the source
-- goes, with its ellipsis, and the note moves to the row's source; nothing is guessed for the missing part.
UPDATE public_cluster_notice
SET leading_industry = '食品(精…)',
    source = source || '; the leading industry is cut off in this source excerpt after "食品(精"'
WHERE leading_industry = '食品(精…)[source excerpt truncated here]';

-- Sample clusters built on that row before this migration carry the same text.
UPDATE cluster SET leading_industry = '食品(精…)'
WHERE leading_industry = '食品(精…)[source excerpt truncated here]' AND is_sample;
