-- GET BENCH_PATH, always the same (a list page behind a cursor).
local headers = {}

function scenario_init(offset)
  headers = auth_headers()
end

function request()
  return wrk.format("GET", os.getenv("BENCH_PATH"), headers)
end
