-- PATCH /api/v1/profiles/:id with If-Match. BENCH_IDS_FILE lists "id version" lines; each thread
-- takes its own share and cycles through it, keeping each profile's ETag from the responses
-- (ETags are "id.version"), so no request races another for the same version.
local mine = {}
local etags = {}
local next_index = 1
local counter = 0
local headers = {}

function scenario_init(offset)
  local all = lines_of(os.getenv("BENCH_IDS_FILE"))
  local threads = tonumber(os.getenv("BENCH_THREADS"))
  for index, line in ipairs(all) do
    if (index - 1) % threads == offset then
      local id, version = line:match("^(%S+) (%d+)$")
      table.insert(mine, id)
      etags[id] = '"' .. id .. "." .. version .. '"'
    end
  end
  headers = auth_headers({ ["Content-Type"] = "application/json" })
end

function request()
  local id = mine[next_index]
  next_index = next_index % #mine + 1
  counter = counter + 1
  headers["If-Match"] = etags[id]
  return wrk.format("PATCH", "/api/v1/profiles/" .. id, headers,
    string.format('{"bio":"patched by the bench, %d"}', counter))
end

function on_response(status, response_headers, body)
  local etag = response_headers["ETag"] or response_headers["etag"]
  if etag then
    local id = etag:match('^"(.+)%.%d+"$')
    if id and etags[id] then etags[id] = etag end
  end
end
