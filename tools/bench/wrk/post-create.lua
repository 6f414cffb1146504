-- POST /api/v1/profiles with a new username and e-mail every time.
local counter = 0
local prefix = ""
local headers = {}

function scenario_init(offset)
  prefix = os.getenv("BENCH_RUN") .. "t" .. offset
  headers = auth_headers({ ["Content-Type"] = "application/json" })
end

function request()
  counter = counter + 1
  local name = prefix .. "n" .. counter
  local body = string.format(
    '{"username":"%s","email":"%s@bench.example","displayName":"Bench %s","bio":"created by the bench"}',
    name, name, name)
  return wrk.format("POST", "/api/v1/profiles", headers, body)
end
