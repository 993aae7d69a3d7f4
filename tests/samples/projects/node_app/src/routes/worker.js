const config = require("../config");
const axios = require("axios");

async function run() {
  return axios.get(`${config.klaviyo.baseUrl}/flows/`, { timeout: 5000 });
}
module.exports = { run };
