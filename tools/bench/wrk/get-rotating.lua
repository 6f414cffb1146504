-- GET <BENCH_PATH_PREFIX><id>, cycling through the ids in BENCH_IDS_FILE; each thread starts
-- elsewhere in the list, so threads do not read the same ids at once.
local ids = {}
local next_index = 1
local headers = {}

function scenario_init(offset)
  ids = lines_of(os.getenv("BENCH_IDS_FILE"))
  next_index = (offset * 7919) % #ids + 1
  headers = os.getenv("BENCH_TOKEN") and auth_headers() or {}
end

function request()
  local id = ids[next_index]
  next_index = next_index % #ids + 1
  return wrk.format("GET", os.getenv("BENCH_PATH_PREFIX") .. id, headers)
end
