-- Scopes and residents' meetings (issue 12).
--
-- 1. The entrance (单元) of each unit, so that an owners' vote can be counted over one entrance
--    of a building (a lift serves one entrance). The unit number keeps its display ("2单元1201");
--    the entrance is stored beside it. Existing units whose number starts with digits followed
--    by 单元 get that prefix as their entrance ("2单元1201" -> "2单元"); other units have none ('')
--    until a roster with a 单元 column is imported again.
-- 2. What a residents' meeting needs to know and nothing more (城市居民委员会组织法 Art. 9):
--    the day a person turns 18 (from a 出生日期 column or the birth date inside an 18-digit ID
--    number, which itself is still never stored), and whether an owner lives in the unit
--    (是否居住). NULL means the roster did not say: such persons are counted, and the count says
--    how many were unknown.
-- 3. A residents' meeting's composition mode (JSON of ResidentsMode), NULL for meetings
--    scheduled before it existed (their entitled count was typed by the host).
--
-- A landed migration is never edited: add a new file instead.

ALTER TABLE units ADD COLUMN entrance TEXT NOT NULL DEFAULT '';

UPDATE units
SET entrance = substr(number, 1, instr(number, '单元') + 1)
WHERE instr(number, '单元') > 1
  AND substr(number, 1, instr(number, '单元') - 1) NOT GLOB '*[^0-9]*';

ALTER TABLE persons ADD COLUMN adult_from TEXT;

ALTER TABLE unit_people ADD COLUMN lives_there INTEGER CHECK (lives_there IN (0, 1));

ALTER TABLE meetings ADD COLUMN residents_mode TEXT;
