// Preloaded into dynalite's node process by io.gristmill.local.cloud.Dynalite (node --require).
// dynalite throws any error of its store that has no HTTP status (a LevelDB write that fails because
// the disk is full, say), which ends the process and leaves the request unanswered. This wraps each of
// its actions so that such an error answers the request with DynamoDB's InternalServerError instead,
// naming the cause; dynalite and everything it committed stay.
const Module = require('module')
const path = require('path')
const load = Module._load
Module._load = function (request, parent, isMain) {
  const exported = load.apply(this, arguments)
  const fromDynalite = parent && parent.filename && parent.filename.endsWith(path.join('dynalite', 'index.js'))
  if (!fromDynalite || !request.startsWith('./actions/') || typeof exported !== 'function') return exported
  return function (store, data, cb) {
    return exported(store, data, function (err, result) {
      if (err && !err.statusCode) {
        const cause = err.message || String(err)
        console.error('[gristmill] dynalite store error: ' + cause)
        err = {
          statusCode: 500,
          body: {
            __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError',
            message: 'The local DynamoDB could not use its state folder (' + cause + '). Nothing it ' +
              'committed is lost. Free space, then restart the stack (grist down, grist up): its store ' +
              'refuses writes after a failed one.'
          }
        }
      }
      cb(err, result)
    })
  }
}
